import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { fieldName, type FieldPath } from "./json-value";

/** The server's field errors of the last submission, by field path, for each field to show its own. */
export const FieldErrorsContext = createContext<Map<string, string[]>>(new Map());

export const fieldId = (path: FieldPath): string => `field-${fieldName(path)}`;

export function useFieldErrors(path: FieldPath): string[] {
  return useContext(FieldErrorsContext).get(fieldName(path)) ?? [];
}

/** Whether any error lies at or below `path`: a collapsed section holding one opens. */
export function useErrorsBelow(path: FieldPath): boolean {
  const errors = useContext(FieldErrorsContext);
  const prefix = fieldName(path);
  for (const field of errors.keys()) if (field === prefix || field.startsWith(`${prefix}.`)) return true;
  return false;
}

/** A field's messages from the server, right under it, tied to the input by aria-describedby. */
export function FieldMessages({ path }: { path: FieldPath }) {
  const messages = useFieldErrors(path);
  if (messages.length === 0) return null;
  return (
    <ul class="field-errors" id={`${fieldId(path)}-errors`} role="alert">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
