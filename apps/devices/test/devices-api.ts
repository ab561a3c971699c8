import type { ServiceTestApp } from '@amtsweg/platform/testing';
import type { Response, Test } from 'supertest';

export interface NewDevice {
  type: string;
  serial: string;
  /** Default `Modell <type>`. */
  model?: string;
  assetTag?: string;
}

export interface NewDeviceRequest {
  items: Array<{ type: string; count: number }>;
  justification: string;
  neededBy: string;
}

/** An employee's usual kit: a laptop and a phone, needed some day. */
export const LAPTOP_AND_PHONE: NewDeviceRequest = {
  items: [
    { type: 'laptop', count: 1 },
    { type: 'phone', count: 1 },
  ],
  justification: 'Neue Stelle',
  neededBy: '2099-01-01',
};

/**
 * The devices API one tenant's users call, for tests of the service alone and of composed
 * processes alike. Each step sends one request with the caller's `Authorization` value; the steps
 * that answer a value expect their success status, the others hand the request back to expect.
 */
export class DevicesApi {
  constructor(
    private readonly http: ServiceTestApp['http'],
    private readonly tenant = 'demo',
  ) {}

  private get base(): string {
    return `/api/v1/tenants/${this.tenant}`;
  }

  /** Registers a device, expecting 201; answers its id. */
  async register(auth: string, device: NewDevice): Promise<string> {
    const { body } = await this.http()
      .post(`${this.base}/devices`)
      .set('Authorization', auth)
      .send({ model: `Modell ${device.type}`, ...device })
      .expect(201);
    return body.id;
  }

  /** Imports CSV rows, expecting 200; answers the import report. */
  async importCsv(auth: string, csv: string): Promise<Record<string, unknown>> {
    const { body } = await this.http()
      .post(`${this.base}/devices/import`)
      .set('Authorization', auth)
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    return body;
  }

  /** Creates a provisioning profile, expecting 201; answers its id. */
  async createProfile(auth: string, profile: Record<string, unknown>): Promise<string> {
    const { body } = await this.http().post(`${this.base}/provisioning-profiles`).set('Authorization', auth).send(profile).expect(201);
    return body.id;
  }

  /** Asks for devices (by default a laptop and a phone), expecting 201; answers the request's id. */
  async submitRequest(auth: string, request: Partial<NewDeviceRequest> = {}): Promise<string> {
    const { body } = await this.http()
      .post(`${this.base}/device-requests`)
      .set('Authorization', auth)
      .send({ ...LAPTOP_AND_PHONE, ...request })
      .expect(201);
    return body.id;
  }

  /** Approves a request with these devices, or (without) with devices from stock. */
  approve(auth: string, requestId: string, deviceIds?: string[]): Test {
    return this.http()
      .post(`${this.base}/device-requests/${requestId}/approve`)
      .set('Authorization', auth)
      .send(deviceIds ? { deviceIds } : {});
  }

  /** The request as the caller's list shows it (undefined while it is not there); bodies are as the API answers them. */
  async request(auth: string, requestId: string): Promise<Response['body']> {
    const { body } = await this.http().get(`${this.base}/device-requests`).query({ limit: 200 }).set('Authorization', auth).expect(200);
    return body.items.find((request: { id: string }) => request.id === requestId);
  }

  /** A device with its history, expecting 200. */
  async device(auth: string, deviceId: string): Promise<Response['body']> {
    return (await this.http().get(`${this.base}/devices/${deviceId}`).set('Authorization', auth).expect(200)).body;
  }

  transition(auth: string, deviceId: string, to: string, details: Record<string, unknown> = {}): Test {
    return this.http()
      .post(`${this.base}/devices/${deviceId}/transitions`)
      .set('Authorization', auth)
      .send({ to, ...details });
  }

  provision(auth: string, profileId: string, deviceIds: string[], options: Record<string, unknown> = {}): Test {
    return this.http()
      .post(`${this.base}/devices/provision`)
      .set('Authorization', auth)
      .send({ profileId, deviceIds, ...options });
  }
}
