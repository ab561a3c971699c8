import { DomainError } from '@amtsweg/platform';
import { assertBelowEmailLimit, emailKey } from './email-limit';

describe('the per-e-mail limit', () => {
  it('lets an address book while it holds fewer active future bookings than the limit', () => {
    expect(() => assertBelowEmailLimit(0, 3)).not.toThrow();
    expect(() => assertBelowEmailLimit(2, 3)).not.toThrow();
  });

  it('answers 409 EMAIL_LIMIT_REACHED at the limit', () => {
    const refuse = () => assertBelowEmailLimit(3, 3);
    expect(refuse).toThrow(DomainError);
    try {
      refuse();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: 'BOOKING.EMAIL_LIMIT_REACHED' });
    }
  });

  it('is off when the tenant sets no limit', () => {
    expect(() => assertBelowEmailLimit(1000, null)).not.toThrow();
  });

  it('treats an address the same in any case and with spaces around', () => {
    expect(emailKey(' Erika.Mustermann@Example.ORG ')).toBe(emailKey('erika.mustermann@example.org'));
  });
});
