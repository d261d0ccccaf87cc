import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

/** Time-ordered, random, meaningless identifiers (UUIDv7) for events, aggregates and commands. */
export const newId = (): string => uuidv7();

export const isUuid = (value: string): boolean => uuidValidate(value);
