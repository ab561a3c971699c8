// The public entry of signatures: what a composition root (the gateway's all-in-one process) may import.
export { signaturesUnit } from './signatures.process';
