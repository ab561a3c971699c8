import { DomainError } from '@amtsweg/platform';
import { MAX_BOOKING_ATTEMPTS, retryingBookingConflicts } from './booking-conflicts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { driverError: { code } });

describe('retrying a booking the database refused for a race', () => {
  it.each(['23P01', '23505', '40P01', '40001'])('tries again after SQLSTATE %s and returns the later success', async (code) => {
    const attempt = jest.fn().mockRejectedValueOnce(pgError(code)).mockResolvedValueOnce('booked');
    await expect(retryingBookingConflicts(attempt)).resolves.toBe('booked');
    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('gives up after a bounded number of attempts with 409 SLOT_TAKEN, never a 5xx', async () => {
    const attempt = jest.fn().mockRejectedValue(pgError('23P01'));
    const outcome = await retryingBookingConflicts(attempt).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(DomainError);
    expect(outcome).toMatchObject({ status: 409, code: 'BOOKING.SLOT_TAKEN' });
    expect(attempt).toHaveBeenCalledTimes(MAX_BOOKING_ATTEMPTS);
  });

  it('passes other errors through at once', async () => {
    const refusal = DomainError.conflict('BOOKING.EMAIL_LIMIT_REACHED', 'limit');
    const attempt = jest.fn().mockRejectedValue(refusal);
    await expect(retryingBookingConflicts(attempt)).rejects.toBe(refusal);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
