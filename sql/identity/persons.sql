-- identity.persons from the accepted spells (registered as spells_in): per NIK the pseudonym,
-- KPJ and name of its latest spell (latest start, then end, then spell id: unique), and the
-- birth date and sex of the latest spell that gives one. Accepted spells have both dates.
with latest as (
    select
        nik,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'person_id': person_id,
             'no_kpj': no_kpj, 'name': name}) as spell,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'birth_date': birth_date})
            filter (where birth_date is not null) as birth,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'gender': gender})
            filter (where gender is not null) as sex
    from spells_in
    group by nik
),

final as (
    select
        spell.person_id,
        nik,
        spell.no_kpj,
        spell.name,
        birth.birth_date,
        sex.gender
    from latest
)

select * from final
order by nik
