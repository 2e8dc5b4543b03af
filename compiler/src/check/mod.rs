//! Name resolution and type checking of items against the schema.

use crate::diagnostics::codes::CodeInfo;

/// The checker's diagnostic codes (K02xx).
pub static CODES: &[CodeInfo] = &[];
