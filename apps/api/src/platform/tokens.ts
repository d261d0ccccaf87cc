/** Injection tokens of the shell: ports are bound to adapters through these. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const METRICS = Symbol('METRICS');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME = Symbol('RUNTIME');
