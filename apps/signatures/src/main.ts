import 'reflect-metadata';
import { runServiceProcess } from '@amtsweg/platform';
import { signaturesProcess } from './signatures.process';

// A bad SIGNATURES_* setting surfaces as a ConfigurationError while the module starts: one line, exit 78.
void runServiceProcess(signaturesProcess);
