import 'reflect-metadata';
import { runServiceProcess } from '@amtsweg/platform';
import { gatewayProcess } from './gateway.process';

void runServiceProcess(() => gatewayProcess());
