/** The content-stream lexer lives in core (src/core/content-lexer.ts): the preflight reads content with it, imposition strips marked content with it. */
export * from '../core/content-lexer.js';
