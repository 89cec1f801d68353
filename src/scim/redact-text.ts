/**
 * Text that came from the server (a SCIM `detail`, an HTML page) is put into error messages;
 * a misbehaving server could echo our token back, so it is masked before it goes anywhere,
 * and long bodies are cut.
 */
export function makeTextRedactor(secret: string): (text: string) => string {
  return (text) => {
    const masked = secret.length >= 4 ? text.split(secret).join('[REDACTED]') : text;
    const clean = masked.replace(/\b(Bearer)\s+\S+/gi, '$1 [REDACTED]');
    return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
  };
}
