/**
 * The API token the console sends, kept in sessionStorage: it lasts while the tab does and is
 * never written to disk or shared with other tabs. On a loopback service without access
 * control there is none, and none is needed.
 */
const KEY = "slipstream.token";

export function storedToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The Authorization header for the stored token, when there is one. */
export function authorization(): Record<string, string> {
  const token = storedToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
