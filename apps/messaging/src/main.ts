import 'reflect-metadata';
import { runServiceProcess } from '@amtsweg/platform';
import { messagingProcess } from './messaging.process';

void runServiceProcess(messagingProcess);
