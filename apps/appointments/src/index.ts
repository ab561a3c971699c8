// The public entry of appointments: what a composition root (the gateway's all-in-one process) may import.
export { appointmentsUnit } from './appointments.process';
