/** Which service answers which public path. The one place a new route family is added. */
export const SERVICE_ROUTES: ReadonlyArray<{ service: ServiceName; pattern: RegExp }> = [
  // The tenant registry: the list, and one tenant itself (PATCH /tenants/{tenant}).
  { service: 'appointments', pattern: /^\/api\/v1\/tenants(\/[^/?]+)?(\?|$)/ },
  { service: 'appointments', pattern: /^\/api\/v1\/tenants\/[^/]+\/(offices|services|slots|bookings)(\/|$|\?)/ },
  // Off-boarding: appointments owns the exports; each service serves its part; `…/archive` is the gateway's own.
  { service: 'appointments', pattern: /^\/api\/v1\/tenants\/[^/]+\/(export|exports\/[^/?]+(\/appointments\.json)?)(\?|$)/ },
  { service: 'messaging', pattern: /^\/api\/v1\/tenants\/[^/]+\/exports\/[^/?]+\/messaging\.json(\?|$)/ },
  { service: 'signatures', pattern: /^\/api\/v1\/tenants\/[^/]+\/exports\/[^/?]+\/signatures\.json(\?|$)/ },
  { service: 'devices', pattern: /^\/api\/v1\/tenants\/[^/]+\/exports\/[^/?]+\/devices\.json(\?|$)/ },
  {
    service: 'appointments',
    pattern: /^\/api\/v1\/tenants\/[^/]+\/(waiting-list|releases|challenge|statistics|booking-settings|admin-audit)(\/|$|\?)/,
  },
  // The provider's admin audit of every tenant (appointments keeps the audit).
  { service: 'appointments', pattern: /^\/api\/v1\/admin-audit(\/|$|\?)/ },
  {
    service: 'messaging',
    pattern:
      /^\/api\/v1\/tenants\/[^/]+\/(notifications|notification-settings|messaging-settings|conversations|people|scim-tokens|scim|stream|identity)(\/|$|\?)/,
  },
  // The development identity provider (token, discovery, keys) lives where the people directory does.
  { service: 'messaging', pattern: /^\/api\/v1\/dev\/(mailbox|token)(\/|$|\?)/ },
  { service: 'messaging', pattern: /^\/\.well-known\/(openid-configuration|jwks\.json)(\?|$)/ },
  {
    service: 'signatures',
    pattern: /^\/api\/v1\/tenants\/[^/]+\/(signature-requests|signature-settings|signatures|signing-factor)(\/|$|\?)/,
  },
  {
    service: 'devices',
    pattern:
      /^\/api\/v1\/tenants\/[^/]+\/(devices|device-requests|device-settings|provisioning-profiles|provisioning-batches|rollout)(\/|$|\?)/,
  },
  { service: 'devices', pattern: /^\/api\/v1\/enroll(\/|$|\?)/ },
];

export const SERVICE_NAMES = ['appointments', 'messaging', 'signatures', 'devices'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function serviceFor(path: string): ServiceName | undefined {
  return SERVICE_ROUTES.find((route) => route.pattern.test(path))?.service;
}
