package sim

import "github.com/omnisim/omnisim/router"

// SkillID returns the router's skill id of a skill name (an agent skill, or a
// language or intent an arrival stream names), or -1 if the model has no such skill.
func (m *Model) SkillID(name string) int {
	for i, s := range m.Skills {
		if s == name {
			return i
		}
	}
	return -1
}

// Work describes a conversation to the router as the simulator does: in queue (a
// router queue index), costing its channel's units, requiring or asking for its
// language and intent as the queue's QueueRoute says (at the queue's MinLevel), and
// ordered by its customer tier when the queue routes on it. tier is an index into
// the arrival stream's tiers (0: the first listed, routed first). A language or
// intent that is not one of Model.Skills adds no need, as in the simulator; a
// caller taking attributes from outside (omnisim serve) checks them first.
//
// The simulator resolves names to skill ids once per arrival stream and builds the
// same Work without looking names up; a test keeps the two equal.
func (m *Model) Work(queue, channel int, language, intent string, tier int) router.Work {
	w := router.Work{Queue: queue, Channel: channel}
	if channel >= 0 && channel < len(m.Channels) {
		w.Units = m.Channels[channel].Units
	}
	if queue < 0 || queue >= len(m.QueueRoutes) {
		return w
	}
	qr := &m.QueueRoutes[queue]
	lang, in := m.SkillID(language), m.SkillID(intent)
	add := func(list []router.SkillNeed, on bool, skill int) []router.SkillNeed {
		if on && skill >= 0 {
			list = append(list, router.SkillNeed{Skill: skill, MinLevel: qr.MinLevel})
		}
		return list
	}
	w.Skills = add(add(nil, qr.Language, lang), qr.Intent, in)
	w.Additional = add(add(nil, qr.AdditionalLanguage, lang), qr.AdditionalIntent, in)
	if qr.Tier {
		w.Priority2 = tier
	}
	return w
}
