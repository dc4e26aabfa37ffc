"""A COHERENT fit with data points

The CENNS-10 liquid-argon data of COHERENT (Analysis A, PRL 126 (2021) 012002, public data release) fitted with a
binned likelihood whose CEvNS signal `cevns` computes from the stopped-pion flux, the cross section and the
detector response; the backgrounds are the release's templates with their priors. Each projection shows the data
with Poisson error bars over the stacked best fit, with the residuals below.
"""

from cevns import plotting, stats

model = stats.model("coherent-cenns10-2020")
result = stats.fit(model)
fig = plotting.fit_figure(model, result)
