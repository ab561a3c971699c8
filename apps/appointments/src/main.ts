import 'reflect-metadata';
import { runServiceProcess } from '@amtsweg/platform';
import { appointmentsProcess } from './appointments.process';

void runServiceProcess(appointmentsProcess);
