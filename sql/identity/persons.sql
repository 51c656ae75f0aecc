-- identity.persons from the accepted spells (registered as spells_in): per NIK the pseudonym,
-- KPJ and name of its latest spell (latest start, then end, then spell id: unique), and the
-- birth date and sex of the latest spell that gives one. Accepted spells have both dates.
-- A NIK with one spell takes that spell's values as they are (what the aggregate gives it,
-- without building a struct per row); only NIKs with several spells are aggregated.
with counted as (
    select
        nik,
        count(*) as spells,
        any_value(spell_id) as spell_id
    from spells_in
    group by nik
),

single as (
    select
        s.person_id,
        s.nik,
        s.no_kpj,
        s.name,
        s.birth_date,
        s.gender
    from spells_in as s
    inner join counted as c
        on c.spell_id = s.spell_id
    where c.spells = 1
),

latest as (
    select
        nik,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'person_id': person_id,
             'no_kpj': no_kpj, 'name': name}) as spell,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'birth_date': birth_date})
            filter (where birth_date is not null) as birth,
        max({'s': start_date, 'e': end_date, 'i': spell_id, 'gender': gender})
            filter (where gender is not null) as sex
    from spells_in
    where nik in (select c.nik from counted as c where c.spells > 1)
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
    union all
    select * from single
)

select * from final
order by nik
