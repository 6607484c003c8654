/**
 * What a scenario opened (runtimes, servers, clients, raw sockets), closed
 * in reverse order at teardown, so that a benchmark run leaves nothing
 * listening and the process can exit.
 */
import { routes } from '../../generated/routes.js';
import { typewireError } from '../../runtime/errors/typewire-error.js';
import { createRuntime, type Runtime } from '../../runtime/runtime.js';
import type { AsyncBenchCase } from './async-suite.js';

export class Resources {
  private closers: Array<() => unknown> = [];

  /** Registers something to close at teardown; returns it. */
  track<T>(value: T, close: (value: T) => unknown): T {
    this.closers.push(() => close(value));
    return value;
  }

  /**
   * A runtime as a production service would run one, with validation on in
   * both directions (inbound is always validated; outbound is asked for
   * explicitly) and no caller-stack capture, which is a development aid.
   */
  runtime(source: string): Runtime {
    return this.track(createRuntime({ source, routes, validateOutbound: true, callerStacks: false }), (r) => r.close());
  }

  async closeAll(): Promise<void> {
    const closers = this.closers.reverse();
    this.closers = [];
    for (const close of closers) {
      try {
        await close();
      } catch {
        // Teardown goes on: one stuck socket must not keep the rest open.
      }
    }
  }
}

/** The pieces every scenario module returns. */
export interface Scenario {
  readonly cases: ReadonlyArray<AsyncBenchCase>;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

/** What a case's operation is until its scenario's setup has run. */
export function notReady(): never {
  throw typewireError('INTERNAL_UNEXPECTED', 'network benchmark case ran before its setup');
}
