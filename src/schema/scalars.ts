import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { builder } from './builder.js';

/**
 * graphql-scalars' DateTime, except that records already hold normalized ISO strings
 * (model/timestamp.ts): those are passed through instead of being parsed again per field.
 */
const base = DateTimeResolver.toConfig();
const dateTime = new GraphQLScalarType({
  ...base,
  description: 'An ISO 8601 date-time with time zone (runql always answers in UTC, e.g. 2026-01-15T12:00:00.000Z).',
  serialize(value) {
    return typeof value === 'string' ? value : base.serialize(value);
  },
});

builder.addScalarType('DateTime', dateTime, {});
builder.addScalarType('JSON', JSONResolver, {});

/** GraphQL Int is 32-bit; a larger upstream number is better shown as null than as an error. */
export function safeInt(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : null;
}
