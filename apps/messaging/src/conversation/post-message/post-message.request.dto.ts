import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageRequest } from '../message.request.dto';

/** A new message, with the ids of the members it mentions (the client sends ids, whatever the names look like). */
export class PostMessageRequest extends MessageRequest {
  @ApiPropertyOptional({
    type: [String],
    maxItems: 50,
    description: 'Person ids of members to notify; each must be an active person of the tenant and a member (else 422)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  mentions?: string[];
}
