/// Message integrity: HMAC-SHA256 signatures and AES-GCM encryption of task messages, with key ids
/// so keys rotate without downtime. See `docs/security.md`.
@NullMarked
package dev.stem.security;

import org.jspecify.annotations.NullMarked;
