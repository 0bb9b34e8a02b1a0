package org.jevse.energy.alloc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable shape of the energy tree: nodes by index, each with its ancestors (itself first, root last).
 * Limits live outside (they change at run time: available_current updates, cuts).
 */
public final class Tree {
    private final List<NodeSpec> nodes;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[][] pathToRoot;
    private final int root;

    public Tree(List<NodeSpec> nodes) {
        this.nodes = List.copyOf(nodes);
        for (int i = 0; i < this.nodes.size(); i++) {
            if (index.put(this.nodes.get(i).id(), i) != null) {
                throw new IllegalArgumentException("duplicate node id " + this.nodes.get(i).id());
            }
        }
        int r = -1;
        for (int i = 0; i < this.nodes.size(); i++) {
            NodeSpec n = this.nodes.get(i);
            if (n.parent() == null || n.parent().isEmpty()) {
                if (r >= 0) {
                    throw new IllegalArgumentException("two roots: " + this.nodes.get(r).id() + " and " + n.id());
                }
                r = i;
            } else if (!index.containsKey(n.parent())) {
                throw new IllegalArgumentException("node " + n.id() + ": unknown parent " + n.parent());
            }
        }
        if (r < 0) {
            throw new IllegalArgumentException("the tree has no root (a node without parent)");
        }
        this.root = r;
        this.pathToRoot = new int[this.nodes.size()][];
        for (int i = 0; i < this.nodes.size(); i++) {
            List<Integer> path = new ArrayList<>();
            int at = i;
            while (true) {
                if (path.contains(at)) {
                    throw new IllegalArgumentException("cycle in the tree at node " + this.nodes.get(at).id());
                }
                path.add(at);
                String p = this.nodes.get(at).parent();
                if (p == null || p.isEmpty()) {
                    break;
                }
                at = index.get(p);
            }
            pathToRoot[i] = path.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public int size() {
        return nodes.size();
    }

    public int root() {
        return root;
    }

    public NodeSpec node(int i) {
        return nodes.get(i);
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** Index of a node id, or -1. */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /** The node and its ancestors up to the root; shared, do not modify (the allocator reads it in its inner loops). */
    public int[] path(int node) {
        return pathToRoot[node];
    }

    /** The configured limits as a fresh [node][phase] array in mA. */
    public int[][] configuredLimits() {
        int[][] l = new int[nodes.size()][];
        for (int i = 0; i < l.length; i++) {
            l[i] = nodes.get(i).limitsMa();
        }
        return l;
    }
}
