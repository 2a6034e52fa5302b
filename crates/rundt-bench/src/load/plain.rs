//! The simplest workload: one kind, `GET path`. The floor (an empty axum
//! handler) and the scheduler's own test use it.

use super::conn::{Conn, Request};
use super::open_loop::{Pending, Workload};

pub struct PlainGet {
    pub path: String,
}

impl Workload for PlainGet {
    fn kind_names(&self) -> Vec<String> {
        vec![format!("GET {}", self.path)]
    }

    fn pick(&self, _seq: u64) -> usize {
        0
    }

    fn perform<'a>(&'a self, _kind: usize, _seq: u64, conn: &'a mut Conn) -> Pending<'a> {
        Box::pin(async move {
            let answer = conn.send(&Request::get(&self.path)).await?;
            if answer.is_success() {
                Ok(())
            } else {
                Err(answer.describe())
            }
        })
    }
}
