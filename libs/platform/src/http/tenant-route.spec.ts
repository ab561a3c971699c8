import { Get, Injectable, type CanActivate, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { TenantRoute } from './tenant-route';

@Injectable()
class RefuseTenant implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@TenantRoute('things', { tag: 'things', notFound: 'Unknown tenant or thing' })
class SignedInController {
  @Get()
  list(): string[] {
    return [];
  }
}

@TenantRoute('guarded', { tag: 'guarded', notFound: 'Unknown tenant', signedIn: 'per route', guards: [RefuseTenant] })
class MixedController {
  @Get()
  list(): string[] {
    return [];
  }
}

describe('TenantRoute', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [SignedInController, MixedController] }).compile();
    app = module.createNestApplication();
    await app.init();
    document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  });
  afterAll(() => app.close());

  it('serves the controller under /api/v1/tenants/{tenant}/', async () => {
    await request(app.getHttpServer()).get('/api/v1/tenants/demo/things').expect(200, []);
    expect(Object.keys(document.paths)).toEqual(['/api/v1/tenants/{tenant}/things', '/api/v1/tenants/{tenant}/guarded']);
  });

  it('documents the tenant parameter, the tag and the problems every tenant route can answer', () => {
    const operation = document.paths['/api/v1/tenants/{tenant}/things'].get!;
    expect(operation.tags).toEqual(['things']);
    expect(operation.parameters).toEqual([expect.objectContaining({ name: 'tenant', in: 'path', required: true })]);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '401', '404', '503']);
    expect(operation.responses['404']).toMatchObject({ description: 'Unknown tenant or thing' });
    expect(operation.responses['503']).toMatchObject({
      description: expect.stringContaining('SERVICE.DATABASE_UNAVAILABLE'),
      headers: { 'Retry-After': expect.anything() },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemResponse' } } },
    });
  });

  it('leaves 401 to each route when public and signed-in routes share the controller', () => {
    expect(Object.keys(document.paths['/api/v1/tenants/{tenant}/guarded'].get!.responses).sort()).toEqual(['200', '404', '503']);
  });

  it('runs the guards it is given before the route', async () => {
    await request(app.getHttpServer()).get('/api/v1/tenants/demo/guarded').expect(403);
  });
});
