//! The dependency graph between systems: cycle detection.

use std::collections::HashMap;

/// Finds the dependency cycles in a graph given as (node, its dependencies).
/// Each cycle is returned once, as the path `a → b → … → a` starting at the node that
/// comes first in the input. Unknown dependency names are ignored (reported elsewhere).
pub fn find_cycles<'a>(graph: &[(&'a str, Vec<&'a str>)]) -> Vec<Vec<&'a str>> {
    let index: HashMap<&str, usize> = graph
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (*n, i))
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; graph.len()];
    let mut cycles = Vec::new();

    for root in 0..graph.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // Iterative DFS: stack of (node, next edge index); path mirrors the stack.
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnPath;
        while let Some(&mut (node, ref mut edge)) = stack.last_mut() {
            let deps = &graph[node].1;
            if *edge < deps.len() {
                let dep = deps[*edge];
                *edge += 1;
                let Some(&next) = index.get(dep) else {
                    continue;
                };
                match mark[next] {
                    Mark::New => {
                        mark[next] = Mark::OnPath;
                        stack.push((next, 0));
                    }
                    Mark::OnPath => {
                        let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut cycle: Vec<&str> =
                            stack[from..].iter().map(|(n, _)| graph[*n].0).collect();
                        cycle.push(graph[next].0);
                        cycles.push(cycle);
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_cycle() {
        let g = vec![
            ("a", vec!["b"]),
            ("b", vec!["c"]),
            ("c", vec!["a"]),
            ("d", vec!["d"]),
            ("e", vec!["a", "unknown"]),
        ];
        let cycles = find_cycles(&g);
        assert_eq!(cycles, vec![vec!["a", "b", "c", "a"], vec!["d", "d"]]);
    }

    #[test]
    fn diamond_is_not_a_cycle() {
        let g = vec![
            ("app", vec!["idp", "net"]),
            ("idp", vec!["net"]),
            ("net", vec![]),
        ];
        assert!(find_cycles(&g).is_empty());
    }
}
