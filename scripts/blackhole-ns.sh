# Sourced by scripts/bench.sh and scripts/bench-network.sh (needs root and iproute2).
# make_blackhole_ns NAME: a network namespace with loopback up and 198.51.100.0/24 (TEST-NET-2)
# routed into a tun device that nobody reads, so a connection there gets no answer at all.
# Nothing can leave the namespace: it has no other interface.
make_blackhole_ns() {
  ip netns add "$1"
  ip netns exec "$1" sh -ec '
    ip link set lo up
    ip tuntap add mode tun name hole0
    ip addr add 10.77.0.1/24 dev hole0
    ip link set hole0 up
    ip route add 198.51.100.0/24 dev hole0
  '
}
