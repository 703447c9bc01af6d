"""`python -m splashdown bench`: measured speed at the curated size and on synthetic catalogs.

Server side, each size runs the real app in a fresh AppTest worker process (cold start, filter
and map reruns beside Streamlit's floor, peak memory), then times a briefing pack and the
vectorized ballistics. In the browser (`browser`), real servers are clicked in Debian's Chromium
and timed from the click to the settled page beside a trivial Streamlit app. Optionally, simulated
analysts work at once against one store. Figures are
medians of several repetitions; on a shared 2-core machine only ratios travel, so every rerun
figure has a floor measured in the same run, taken in turn with it.

The harness lives here, outside the domain modules, and never imports Streamlit: what drives
Streamlit runs in worker processes under `tools/`.
"""
