#!/bin/sh
# Creates (if missing) and migrates one service's database, then exits: the Kubernetes migration Jobs
# run it before a rollout. Services migrate at start too, under an advisory lock, so this moves the
# work ahead of the pods rather than replacing it. It calls the same library code a service runs.
# Usage: scripts/deploy-migrate.sh <appointments|messaging|signatures|devices>, after `npm run build`,
# with DATABASE_URL (the server) or <SERVICE>_DATABASE_URL (the service's own database) set.
set -eu
service="${1:-}"
case "$service" in
  appointments | messaging | signatures | devices) ;;
  *)
    echo "usage: $0 <appointments|messaging|signatures|devices>" >&2
    exit 64
    ;;
esac
cd "$(dirname "$0")/.."
exec node --enable-source-maps -e '
require("reflect-metadata");
const service = process.argv[1];
const { openServiceDataSource, serviceDatabaseUrl } = require("./dist/libs/platform/src");
const database = require(`./dist/apps/${service}/src/${service}.database`)[`${service}Database`];
const url = serviceDatabaseUrl(service);
if (!url) {
  console.error(`no database for ${service}: set DATABASE_URL or ${service.toUpperCase()}_DATABASE_URL`);
  process.exit(78);
}
// Two connections: one holds the advisory lock while the other migrates.
openServiceDataSource(database, { kind: "postgres", url }, { poolSize: 2 })
  .then(async (dataSource) => {
    const applied = await dataSource.query(`SELECT count(*)::int AS n FROM "${service}".schema_migrations`);
    console.log(`${service}: database migrated (${applied[0].n} migrations applied)`);
    await dataSource.destroy();
  })
  .catch((error) => {
    console.error(`${service}: migration failed: ${error.message}`);
    process.exit(1);
  });
' "$service"
