import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { runDevicesCli } from './devices-cli';

// stdout carries the report as JSON; only warnings and errors go to the log (stderr).
Logger.overrideLogger(['error', 'warn']);

// `npm run cli -- devices import <file.csv> --tenant demo`
void runDevicesCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
