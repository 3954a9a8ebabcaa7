import { useState } from "preact/hooks";
import { storeToken } from "./token";

/**
 * Asked for when the API answers 401: access control is on and the console has no token, or
 * one the service no longer accepts. The token is kept for this tab only (sessionStorage).
 */
export function TokenPrompt({ onSaved, onClose }: { onSaved: () => void; onClose: () => void }) {
  const [token, setToken] = useState("");
  return (
    <div class="modal-backdrop">
      <form
        class="modal"
        aria-label="API token"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim() === "") return;
          storeToken(token);
          onSaved();
        }}
      >
        <h2>API token</h2>
        <p>This service requires a token. Paste an API token (<code>sst_…</code>) of your team, or the service admin's bootstrap token. It is kept for this browser tab only.</p>
        <label>
          Token
          <input type="password" name="token" autoComplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} autoFocus />
        </label>
        <div class="actions">
          <button type="submit" class="primary">Use token</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
