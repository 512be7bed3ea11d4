const uuidV4Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const anyUuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a uuid the service accepts: strictly version 4, or any version (a setting). */
export function isUuid(value: string, versionRule: 'v4' | 'any'): boolean {
  return (versionRule === 'v4' ? uuidV4Pattern : anyUuidPattern).test(value);
}
