"""COHERENT CsI[Na] 2017: prediction, backgrounds and data

The expected CEvNS counts of the `coherent-csi-2017` preset per 2-PE bin, stacked by flavor on the release's
steady-state and prompt-neutron backgrounds (at their prior central values), with the published 28 % uncertainty
of the Standard-Model prediction (173 ± 48 events) as a hatched band, and the beam-on coincidence data of the public
release as points with Poisson error bars; the pulls (data − expected)/√expected are below. The same figure:
`cevns predict coherent-csi-2017 --plot csi.png --data --uncertainty`.
"""

from cevns import experiments, plotting
from cevns.cli._predict import prediction_summary

experiment = experiments.get("coherent-csi-2017")
summary = prediction_summary(experiment)
release = plotting.release_counts(summary)
published = experiment.published
fig = plotting.counts(summary, data=release["data"], backgrounds=release["backgrounds"],
                      uncertainty=published["prediction_uncertainty"] / published["prediction"])
