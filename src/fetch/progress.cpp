// The time-left estimate of a fetch: what the hosts still have queued, at
// the pace each may be asked. Elapsed time over papers done is no estimate:
// cached answers and a README batch finish at once, while every arXiv
// request waits its 3 s ("about 1 s left" with 30 s to go, issue 14).

#include <aisys/fetch.hpp>

#include <algorithm>
#include <map>

namespace aisys {

double seconds_left(const std::vector<HostLoad>& hosts) {
    std::map<int, double> lanes;
    for (const auto& h : hosts) {
        if (h.queued <= 0) continue;
        const double latency = h.latency > 0 ? h.latency : k_assumed_latency;
        const double each = std::max(h.interval, latency / double(std::max(h.parallel, 1u)));
        lanes[h.lane] += h.queued * each;
    }
    double longest = 0;
    for (const auto& [lane, seconds] : lanes) longest = std::max(longest, seconds);
    return longest;
}

} // namespace aisys
