// The public entry of messaging: what a composition root (the gateway's all-in-one process) may import.
export { messagingUnit } from './messaging.process';
