/**
 * The message beside a form field (from zod before submit, or from the
 * API's problem after): `id` is what the field names in aria-describedby.
 */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
