/**
 * The order cases run in. Every round runs every case once (A B, A B, …), so a
 * contender and its baseline always see the same machine state; the starting
 * case rotates each round so that no case always runs first (right after a GC,
 * or while the CPU clocks up) or always last.
 */
export function interleaveOrder(caseCount: number, rounds: number): number[][] {
  if (!Number.isInteger(caseCount) || caseCount < 1) throw new RangeError(`caseCount must be a positive integer, got ${caseCount}`);
  if (!Number.isInteger(rounds) || rounds < 0) throw new RangeError(`rounds must be a non-negative integer, got ${rounds}`);
  const order: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const start = round % caseCount;
    order.push(Array.from({ length: caseCount }, (_, i) => (start + i) % caseCount));
  }
  return order;
}
