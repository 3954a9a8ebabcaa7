import type { ComponentChildren } from "preact";
import type { JsonSchema } from "../types";
import { FieldMessages, fieldId, useErrorsBelow, useFieldErrors } from "./field-errors";
import { humanize, type FieldPath } from "./json-value";

export interface FieldProps {
  schema: JsonSchema;
  path: FieldPath;
  label: string;
  required?: boolean;
  value: unknown;
  onChange: (path: FieldPath, value: unknown) => void;
}

const describedBy = (path: FieldPath, hasErrors: boolean, hasHelp: boolean) =>
  [hasErrors ? `${fieldId(path)}-errors` : "", hasHelp ? `${fieldId(path)}-help` : ""].filter(Boolean).join(" ") || undefined;

function Help({ schema, path }: { schema: JsonSchema; path: FieldPath }) {
  const parts = [schema.description, schema.default !== undefined && typeof schema.default !== "object" ? `Default: ${String(schema.default)}` : undefined].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <small class="help" id={`${fieldId(path)}-help`}>
      {parts.join(" · ")}
    </small>
  );
}

/**
 * One field of a request, drawn from its JSON Schema: an object is a section of fields, an
 * array a list of items, an enum a choice, a boolean a checkbox, anything else a text box.
 * Nothing is checked here: the server validates, and its messages appear under each field.
 * Numbers are typed as text so that what was typed reaches the server and its message.
 */
export function SchemaField(props: FieldProps) {
  const { schema } = props;
  if (schema.type === "object") return <ObjectField {...props} />;
  if (schema.type === "array") return schema.items?.type === "object" ? <ObjectListField {...props} /> : <ValueListField {...props} />;
  if (schema.type === "boolean") return <BooleanField {...props} />;
  return <ScalarField {...props} />;
}

function ScalarField({ schema, path, label, required, value, onChange }: FieldProps) {
  const errors = useFieldErrors(path);
  const numeric = schema.type === "integer" || schema.type === "number";
  const id = fieldId(path);
  const common = { id, name: id, "aria-invalid": errors.length > 0 || undefined, "aria-describedby": describedBy(path, errors.length > 0, Boolean(schema.description || schema.default !== undefined)) };
  const parse = (text: string): unknown => {
    if (text === "") return undefined;
    if (!numeric) return text;
    const n = Number(text);
    return Number.isFinite(n) && text.trim() !== "" ? n : text;
  };
  return (
    <div class={`field${errors.length > 0 ? " invalid" : ""}`}>
      <label for={id}>
        {label}
        {required && <span class="required" aria-label="required">*</span>}
      </label>
      {schema.enum ? (
        <select {...common} value={value === undefined ? "" : String(value)} onChange={(e) => onChange(path, e.currentTarget.value === "" ? undefined : schema.enum!.find((option) => String(option) === e.currentTarget.value))}>
          {!required && <option value="">{schema.default !== undefined ? `(default: ${String(schema.default)})` : "(not set)"}</option>}
          {required && value === undefined && <option value="">Choose…</option>}
          {schema.enum.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          inputMode={numeric ? "numeric" : undefined}
          value={value === undefined ? "" : String(value)}
          placeholder={schema.default !== undefined && typeof schema.default !== "object" ? String(schema.default) : undefined}
          onInput={(e) => onChange(path, parse(e.currentTarget.value))}
        />
      )}
      <Help schema={schema} path={path} />
      <FieldMessages path={path} />
    </div>
  );
}

function BooleanField({ schema, path, label, value, onChange }: FieldProps) {
  const errors = useFieldErrors(path);
  const id = fieldId(path);
  const checked = value === undefined ? schema.default === true : value === true;
  return (
    <div class={`field checkbox${errors.length > 0 ? " invalid" : ""}`}>
      <label for={id}>
        <input id={id} name={id} type="checkbox" checked={checked} aria-describedby={describedBy(path, errors.length > 0, Boolean(schema.description))} onChange={(e) => onChange(path, e.currentTarget.checked)} />
        {label}
      </label>
      {schema.description && (
        <small class="help" id={`${fieldId(path)}-help`}>
          {schema.description}
        </small>
      )}
      <FieldMessages path={path} />
    </div>
  );
}

const asObject = (value: unknown): Record<string, unknown> => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The fields of an object's properties; `depth` 0 is a page section, deeper ones collapse until needed. */
export function ObjectFields({ schema, path, value, onChange }: Omit<FieldProps, "label">) {
  const object = asObject(value);
  const required = new Set(schema.required ?? []);
  const extra = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  const known = Object.keys(schema.properties ?? {});
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, property]) => (
        <SchemaField key={key} schema={property} path={[...path, key]} label={humanize(key)} required={required.has(key)} value={object[key]} onChange={onChange} />
      ))}
      {extra && <ExtraEntries schema={extra} path={path} object={object} known={known} onChange={onChange} />}
      <FieldMessages path={path} />
    </>
  );
}

function ObjectField(props: FieldProps) {
  const { schema, path, label } = props;
  const open = useErrorsBelow(path);
  return (
    <details class="group" open={open || undefined}>
      <summary>
        {label}
        {schema.description && <span class="muted"> — {schema.description}</span>}
      </summary>
      <div class="group-body">
        <ObjectFields {...props} />
      </div>
    </details>
  );
}

/** Keys the schema does not name but allows (extra tags): a key and a value per row. */
function ExtraEntries({ schema, path, object, known, onChange }: { schema: JsonSchema; path: FieldPath; object: Record<string, unknown>; known: string[]; onChange: FieldProps["onChange"] }) {
  const entries = Object.entries(object).filter(([key]) => !known.includes(key));
  const rename = (from: string, to: string) => {
    const next: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(object)) next[key === from ? to : key] = v;
    onChange(path, next);
  };
  return (
    <div class="extra-entries">
      {entries.map(([key, v], index) => (
        <div class="extra-entry" key={index}>
          <input aria-label="Key" value={key} onChange={(e) => rename(key, e.currentTarget.value)} />
          <SchemaField schema={schema} path={[...path, key]} label={key} value={v} onChange={onChange} />
          <button type="button" class="link" onClick={() => onChange([...path, key], undefined)}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" class="link" onClick={() => onChange([...path, `key-${entries.length + 1}`], "")}>
        Add an entry
      </button>
    </div>
  );
}

function ListShell({ path, label, schema, onAdd, children }: { path: FieldPath; label: string; schema: JsonSchema; onAdd: () => void; children: ComponentChildren }) {
  return (
    <fieldset class="list" id={fieldId(path)}>
      <legend>{label}</legend>
      {schema.description && <small class="help">{schema.description}</small>}
      {children}
      <button type="button" class="link" onClick={onAdd}>
        Add {label.toLowerCase().replace(/s$/, "")}
      </button>
      <FieldMessages path={path} />
    </fieldset>
  );
}

function ValueListField({ schema, path, label, value, onChange }: FieldProps) {
  const list = asList(value);
  const item = schema.items ?? { type: "string" };
  return (
    <ListShell path={path} label={label} schema={schema} onAdd={() => onChange(path, [...list, item.type === "string" ? "" : undefined])}>
      {list.map((v, index) => (
        <div class="list-item" key={index}>
          <SchemaField schema={{ ...item, description: undefined }} path={[...path, index]} label={`${label} ${index + 1}`} value={v} onChange={onChange} />
          <button type="button" class="link" onClick={() => onChange(path, list.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
    </ListShell>
  );
}

function ObjectListField({ schema, path, label, value, onChange }: FieldProps) {
  const list = asList(value);
  const item = schema.items!;
  return (
    <ListShell path={path} label={label} schema={schema} onAdd={() => onChange(path, [...list, {}])}>
      {list.map((v, index) => (
        <div class="list-item object" key={index}>
          <div class="list-item-fields">
            <ObjectFields schema={item} path={[...path, index]} value={v} onChange={onChange} />
          </div>
          <button type="button" class="link" onClick={() => onChange(path, list.filter((_, i) => i !== index))}>
            Remove
          </button>
        </div>
      ))}
    </ListShell>
  );
}
