import 'reflect-metadata';
import { runServiceProcess } from '@amtsweg/platform';
import { devicesProcess } from './devices.process';

void runServiceProcess(devicesProcess);
