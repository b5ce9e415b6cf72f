/**
 * Words that never make a theme keyword. Written for this project (not copied from a package):
 * English function words, then academic filler that appears in papers of every field. Words that
 * are generic only in some fields (model, data, network, performance, analysis) are left to
 * c-TF-IDF, which already discounts terms spread over all themes.
 */

const ENGLISH = `
a about above across after afterwards again against all almost alone along already also although
always am among amongst an and another any anybody anyhow anyone anything anyway anywhere are aren
around as at away back be became because become becomes becoming been before beforehand behind
being below beside besides between beyond both but by can cannot could couldn did didn do does
doesn doing don done down during each either else elsewhere enough etc even ever every everybody
everyone everything everywhere except few for former formerly from further furthermore get gets
getting go goes going gone got had hadn has hasn have haven having he hence her here hereafter
hereby herein hers herself him himself his how however i if in indeed into is isn it its itself
just last latter latterly least less let lets like likely ll may maybe me meanwhile might mine
more moreover most mostly much must my myself namely neither never nevertheless next no nobody
none nor not nothing now nowhere of off often on once one only onto or other others otherwise our
ours ourselves out over own per perhaps please put quite rather re really s same see seem seemed
seeming seems several shall she should shouldn since so some somehow someone something sometime
sometimes somewhere still such than that the their theirs them themselves then thence there
thereafter thereby therefore therein thereof thereupon these they this those though through
throughout thru thus to together too toward towards under unless until up upon us ve very via was
wasn we were weren what whatever when whence whenever where whereafter whereas whereby wherein
whereupon wherever whether which while whither who whoever whole whom whose why will with within
without won would wouldn yet you your yours yourself yourselves
`;

const ACADEMIC_FILLER = `
paper papers article articles work works study studies studied propose proposes proposed proposing
approach approaches method methods methodology result results resulting show shows showed shown
showing novel new based using use used uses utilize utilizes utilized utilizing leverage leverages
leveraged leveraging present presents presented presenting introduce introduces introduced
introducing demonstrate demonstrates demonstrated demonstrating achieve achieves achieved achieving
outperform outperforms outperformed outperforming existing previous prior recent recently current
currently state art sota significant significantly substantial substantially effective
effectively effectiveness improve improves improved improving improvement improvements provide
provides provided providing enable enables enabled enabling allow allows allowed allowing address
addresses addressed addressing problem problems issue issues framework frameworks technique
techniques finally first second third two three four five six ten various different many numerous
number variety wide widely range given additionally addition respectively specifically
particular particularly especially including include includes included consider considers
considered considering investigate investigates investigated investigating investigation explore
explores explored exploring evaluate evaluates evaluated evaluating evaluation experiment experiments
experimental experimentally extensive extensively conduct conducts conducted perform performs
performed obtain obtains obtained find finds found findings observe observes observed suggest suggests
suggested indicate indicates indicated reveal reveals revealed report reports reported describe
describes described discuss discusses discussed aim aims aimed goal goals key main important
importance crucial challenging challenge challenges promising potential potentially able ability
capable compare compares compared comparing comparison comparable competitive superior better best
good strong simple simply easy easily furthermore commonly common typically typical usually generally
general specific certain due despite instead overall remains remain remaining require requires
required requiring need needs needed make makes made making take takes taken give gives known way ways
type types kind form forms term terms case cases example examples order part called named termed
denoted lead leads leading led yield yields yielded highly fully largely relatively respectively
et al eg ie vs fig figure table tables section sections appendix code available publicly github
www http https com org arxiv preprint end
well-known so-called state-of-the-art real-world large-scale end-to-end data-driven non-trivial
high-quality ms mb gb tb kb hz khz mhz ghz kg mg km cm mm
`;

function toSet(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = toSet(ENGLISH);
export const ACADEMIC_FILLER_WORDS: ReadonlySet<string> = toSet(ACADEMIC_FILLER);

// One set for the per-token check (called for every word of every abstract).
const ALL_STOP_WORDS: ReadonlySet<string> = new Set([...ENGLISH_STOP_WORDS, ...ACADEMIC_FILLER_WORDS]);

export function isStopWord(token: string): boolean {
  return ALL_STOP_WORDS.has(token);
}
