#!/bin/sh
# docker-compose.yml mounts this into the postgres image's /docker-entrypoint-initdb.d: on the first
# start of an empty volume it creates one login role and one database per service, owned by that
# role. The services then find their database present and need no CREATEDB (least privilege).
set -eu
for service in appointments messaging signatures devices; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="amtsweg_${service}" -v password="$AMTSWEG_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
