// The public entry of devices: what a composition root (the gateway's all-in-one process) may import.
export { devicesUnit } from './devices.process';
