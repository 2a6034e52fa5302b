//! Installations with data in them: the demonstration installation that
//! `rundt demo` loads, and the national-scale installations the benchmarks
//! generate. Both are entered through the public use cases of `rundt-app`
//! only, exactly as a person would enter them, so every row has its audit
//! event and the loaders double as smoke tests of the use cases.
#![forbid(unsafe_code)]

pub mod demo;
pub mod generate;
pub mod load;
mod steps;
