/** What a tenant slug may look like; a path segment that does not match cannot name a tenant. */
export const TENANT_SLUG = /^[a-z0-9-]{2,63}$/;
