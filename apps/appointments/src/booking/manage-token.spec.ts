import { hashManageToken, manageTokenMatches } from './manage-token';

describe('manage tokens', () => {
  const token = 'm6Vq3xRr5V8cB0h2QwI9yQ-r6h5xZfQn4m0kq7N8sLk';
  const stored = hashManageToken(token);

  it('are stored as SHA-256 hex, never as themselves', () => {
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(token);
  });

  it('match only the token whose hash is stored', () => {
    expect(manageTokenMatches(token, stored)).toBe(true);
    expect(manageTokenMatches(`${token}x`, stored)).toBe(false);
    expect(manageTokenMatches(token.toUpperCase(), stored)).toBe(false);
  });

  it('never match a missing, empty or non-string token, nor an unknown booking', () => {
    expect(manageTokenMatches(undefined, stored)).toBe(false);
    expect(manageTokenMatches('', hashManageToken(''))).toBe(false);
    expect(manageTokenMatches([token], stored)).toBe(false);
    expect(manageTokenMatches(token, undefined)).toBe(false);
  });
});
