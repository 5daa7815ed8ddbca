/// Drains the retry queue.
fn drain(queue: &mut Vec<String>) -> usize {
    let note = "TODO: a string";
    /* TODO(RM-12): batch the drain /* nested */ still in the comment */
    let n = queue.len();
    queue.clear();
    let _ = note;
    n // HACK: count before clear because clear drops the items
}
