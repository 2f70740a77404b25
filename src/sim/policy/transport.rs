//! The transportation problem behind `competence_match`: groups of interchangeable people
//! (same fit row, same home unit) shipped to units with a number of free places, maximising
//! total weight. Solved exactly as a min-cost flow by successive shortest paths
//! (Bellman-Ford on the residual graph, which handles the negative costs), pushing a path's
//! whole bottleneck at once. A few groups and units instead of people x places keeps a review
//! of a thousand people to milliseconds, where the Hungarian algorithm on people x places is
//! cubic in the people.

/// One arc of the residual graph.
#[derive(Clone, Copy)]
struct Arc {
    to: usize,
    /// Residual capacity.
    cap: i64,
    cost: i64,
    /// Index of the reverse arc in `to`'s list.
    rev: usize,
}

/// Adjacency lists of the residual graph.
struct Network {
    arcs: Vec<Vec<Arc>>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            arcs: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64, cost: i64) {
        let (rf, rt) = (self.arcs[to].len(), self.arcs[from].len());
        self.arcs[from].push(Arc {
            to,
            cap,
            cost,
            rev: rf,
        });
        self.arcs[to].push(Arc {
            to: from,
            cap: 0,
            cost: -cost,
            rev: rt,
        });
    }

    /// Cheapest path from `source` to `sink` with residual capacity, as (node, arc index)
    /// steps back from the sink; `None` when the sink is unreachable.
    fn cheapest_path(&self, source: usize, sink: usize) -> Option<Vec<(usize, usize)>> {
        let n = self.arcs.len();
        let mut dist = vec![i64::MAX; n];
        let mut via: Vec<Option<(usize, usize)>> = vec![None; n];
        dist[source] = 0;
        // Bellman-Ford: the residual graph of a min-cost flow has no negative cycle.
        for _ in 0..n {
            let mut changed = false;
            for u in 0..n {
                if dist[u] == i64::MAX {
                    continue;
                }
                for (k, a) in self.arcs[u].iter().enumerate() {
                    if a.cap > 0 && dist[u] + a.cost < dist[a.to] {
                        dist[a.to] = dist[u] + a.cost;
                        via[a.to] = Some((u, k));
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        if dist[sink] == i64::MAX {
            return None;
        }
        let mut path = Vec::new();
        let mut v = sink;
        while v != source {
            let (u, k) = via[v]?;
            path.push((u, k));
            v = u;
        }
        Some(path)
    }
}

/// Ships `supply[g]` people of each group to units with `capacity[u]` places, maximising
/// the sum of `weight[g][u]` per person shipped; every person is shipped if the places
/// suffice. Returns `flow[g][u]`, the people of group `g` sent to unit `u`.
pub fn ship(supply: &[i64], capacity: &[i64], weight: &[Vec<i64>]) -> Vec<Vec<i64>> {
    let (groups, units) = (supply.len(), capacity.len());
    let (source, sink) = (groups + units, groups + units + 1);
    let mut net = Network::new(groups + units + 2);
    for (g, &s) in supply.iter().enumerate() {
        net.add(source, g, s, 0);
        for (u, &w) in weight[g].iter().enumerate() {
            net.add(g, groups + u, s, -w);
        }
    }
    for (u, &c) in capacity.iter().enumerate() {
        net.add(groups + u, sink, c, 0);
    }
    while let Some(path) = net.cheapest_path(source, sink) {
        let push = path
            .iter()
            .map(|&(u, k)| net.arcs[u][k].cap)
            .min()
            .unwrap_or(0);
        if push <= 0 {
            break;
        }
        for &(u, k) in &path {
            let Arc { to, rev, .. } = net.arcs[u][k];
            net.arcs[u][k].cap -= push;
            net.arcs[to][rev].cap += push;
        }
    }
    (0..groups)
        .map(|g| {
            let mut flow = vec![0; units];
            for a in &net.arcs[g] {
                // Forward arcs to units; the flow sent is what the reverse arc can undo.
                if (groups..groups + units).contains(&a.to) {
                    flow[a.to - groups] = net.arcs[a.to][a.rev].cap;
                }
            }
            flow
        })
        .collect()
}
