import { describe, expect, it } from 'vitest';
import { closeNames } from '../../../cli/instances/close-names.js';

const known = ['ChatMessage', 'GetOrderRequest', 'JoinRoomRequest', 'OrderLine', 'OrderPlaced', 'PlaceOrderRequest', 'PlaceOrderResponse'];

describe('closeNames', () => {
  it('suggests names a typo away, ignoring case', () => {
    expect(closeNames('PlaceOrderRequst', known)[0]).toBe('PlaceOrderRequest');
    expect(closeNames('chatmessage', known)).toEqual(['ChatMessage']);
  });

  it('suggests names that contain what was typed', () => {
    expect(closeNames('PlaceOrder', known)).toEqual(['PlaceOrderRequest', 'PlaceOrderResponse']);
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closeNames('Zebra', known)).toEqual([]);
  });

  it('caps the list', () => {
    expect(closeNames('Order', known, 2)).toHaveLength(2);
  });
});
