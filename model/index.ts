export * from './streets.ts';
export * from './rooms.ts';
export * from './roles.ts';
export * from './geometry.ts';
export * from './features.ts';
export * from './public.ts';
export * from './ydoc.ts';
export * from './migrations.ts';
