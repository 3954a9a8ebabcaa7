import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";

/**
 * A confirmation for what cannot be undone: the deployment's name must be typed before the
 * button acts, so a stray click destroys nothing.
 */
export function ConfirmDialog({ title, word, action, onConfirm, onClose, children }: { title: string; word: string; action: string; onConfirm: () => void; onClose: () => void; children: ComponentChildren }) {
  const [typed, setTyped] = useState("");
  return (
    <div class="modal-backdrop" role="dialog" aria-modal="true" aria-label={title}>
      <form
        class="modal danger"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === word) onConfirm();
        }}
      >
        <h2>{title}</h2>
        {children}
        <label>
          <span>
            Type <code>{word}</code> to confirm
          </span>
          <input name="confirm" autoComplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} autoFocus />
        </label>
        <div class="actions">
          <button type="submit" class="danger" disabled={typed !== word}>
            {action}
          </button>
          <button type="button" onClick={onClose}>
            Keep it
          </button>
        </div>
      </form>
    </div>
  );
}
