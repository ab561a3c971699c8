import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { v7 } from 'uuid';
import * as jose from 'jose';
@Controller('x') class C { @Get() get() { return { id: v7(), j: typeof jose.SignJWT }; } }
@Module({ controllers: [C] }) class M {}
async function main() { const app = await NestFactory.create(M); await app.listen(3999); console.log('up'); await app.close(); }
void main();
