export * from './event-contract';
export * from './registry';
export * from './appointments/booking-mail-details';
export * from './appointments/booking-confirmed.v1';
export * from './appointments/booking-rescheduled.v1';
export * from './appointments/booking-cancelled.v1';
export * from './appointments/booking-attendance.v1';
