import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** 1 to 200 user ids, as a request names the members of a conversation (whether they exist is the handler's 422). */
export function UserIdList(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(200),
    IsString({ each: true }),
    IsNotEmpty({ each: true }),
    MaxLength(255, { each: true }),
  );
}
