"""The methods of the classes decorated with exporter.ahead.dataclass, as Python 3.11's dataclasses
writes them, verbatim. Written by ``python tools/ahead.py``: do not edit."""
# mypy: ignore-errors

PYTHON = (3, 11)


def __create_fn__(_type_outcomes, _type_interrupted, _type_signal, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_interrupted, _dflt_signal, _return_type):
 def __init__(self,outcomes:_type_outcomes,interrupted:_type_interrupted=_dflt_interrupted,signal:_type_signal=_dflt_signal)->_return_type:
  self.outcomes=outcomes
  self.interrupted=interrupted
  self.signal=signal
 return __init__
_0 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(outcomes={self.outcomes!r}, interrupted={self.interrupted!r}, signal={self.signal!r})"
 return __repr__
_1 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.outcomes,self.interrupted,self.signal,)==(other.outcomes,other.interrupted,other.signal,)
  return NotImplemented
 return __eq__
_2 = __create_fn__

def __create_fn__(_type_source, _type_status, _type_outputs, _type_error, _type_exit_code, _type_title, _type_seconds, _type_traceback, _type_article, _type_logs, _type_pending, _type_stem, _type_stopped_by, _type_checks, _type_tokens, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_outputs, _dflt_error, _dflt_exit_code, _dflt_title, _dflt_seconds, _dflt_traceback, _dflt_article, _dflt_logs, _dflt_pending, _dflt_stem, _dflt_stopped_by, _dflt_checks, _dflt_tokens, _return_type):
 def __init__(self,source:_type_source,status:_type_status,outputs:_type_outputs=_HAS_DEFAULT_FACTORY,error:_type_error=_dflt_error,exit_code:_type_exit_code=_dflt_exit_code,title:_type_title=_dflt_title,seconds:_type_seconds=_dflt_seconds,traceback:_type_traceback=_dflt_traceback,article:_type_article=_dflt_article,logs:_type_logs=_HAS_DEFAULT_FACTORY,pending:_type_pending=_HAS_DEFAULT_FACTORY,stem:_type_stem=_dflt_stem,stopped_by:_type_stopped_by=_dflt_stopped_by,checks:_type_checks=_dflt_checks,tokens:_type_tokens=_dflt_tokens)->_return_type:
  self.source=source
  self.status=status
  self.outputs=_dflt_outputs() if outputs is _HAS_DEFAULT_FACTORY else outputs
  self.error=error
  self.exit_code=exit_code
  self.title=title
  self.seconds=seconds
  self.traceback=traceback
  self.article=article
  self.logs=_dflt_logs() if logs is _HAS_DEFAULT_FACTORY else logs
  self.pending=_dflt_pending() if pending is _HAS_DEFAULT_FACTORY else pending
  self.stem=stem
  self.stopped_by=stopped_by
  self.checks=checks
  self.tokens=tokens
 return __init__
_3 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(source={self.source!r}, status={self.status!r}, outputs={self.outputs!r}, error={self.error!r}, exit_code={self.exit_code!r}, title={self.title!r}, seconds={self.seconds!r}, traceback={self.traceback!r}, article={self.article!r}, logs={self.logs!r}, pending={self.pending!r}, stem={self.stem!r}, stopped_by={self.stopped_by!r}, checks={self.checks!r}, tokens={self.tokens!r})"
 return __repr__
_4 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.source,self.status,self.outputs,self.error,self.exit_code,self.title,self.seconds,self.traceback,self.article,self.logs,self.pending,self.stem,self.stopped_by,self.checks,self.tokens,)==(other.source,other.status,other.outputs,other.error,other.exit_code,other.title,other.seconds,other.traceback,other.article,other.logs,other.pending,other.stem,other.stopped_by,other.checks,other.tokens,)
  return NotImplemented
 return __eq__
_5 = __create_fn__

def __create_fn__(_type_title, _type_blocks, _type_author, _type_date, _type_source, _type_url, _type_lang, _type_input, _type_translation, _type_notes, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_blocks, _dflt_author, _dflt_date, _dflt_source, _dflt_url, _dflt_lang, _dflt_input, _dflt_translation, _dflt_notes, _return_type):
 def __init__(self,title:_type_title,blocks:_type_blocks=_dflt_blocks,author:_type_author=_dflt_author,date:_type_date=_dflt_date,source:_type_source=_dflt_source,url:_type_url=_dflt_url,lang:_type_lang=_dflt_lang,input:_type_input=_HAS_DEFAULT_FACTORY,translation:_type_translation=_dflt_translation,notes:_type_notes=_dflt_notes)->_return_type:
  __dataclass_builtins_object__.__setattr__(self,'title',title)
  __dataclass_builtins_object__.__setattr__(self,'blocks',blocks)
  __dataclass_builtins_object__.__setattr__(self,'author',author)
  __dataclass_builtins_object__.__setattr__(self,'date',date)
  __dataclass_builtins_object__.__setattr__(self,'source',source)
  __dataclass_builtins_object__.__setattr__(self,'url',url)
  __dataclass_builtins_object__.__setattr__(self,'lang',lang)
  __dataclass_builtins_object__.__setattr__(self,'input',_dflt_input() if input is _HAS_DEFAULT_FACTORY else input)
  __dataclass_builtins_object__.__setattr__(self,'translation',translation)
  __dataclass_builtins_object__.__setattr__(self,'notes',notes)
 return __init__
_6 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(title={self.title!r}, blocks={self.blocks!r}, author={self.author!r}, date={self.date!r}, source={self.source!r}, url={self.url!r}, lang={self.lang!r}, input={self.input!r}, translation={self.translation!r}, notes={self.notes!r})"
 return __repr__
_7 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.title,self.blocks,self.author,self.date,self.source,self.url,self.lang,self.input,self.translation,self.notes,)==(other.title,other.blocks,other.author,other.date,other.source,other.url,other.lang,other.input,other.translation,other.notes,)
  return NotImplemented
 return __eq__
_8 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __setattr__(self,name,value):
  if type(self) is cls or name in ('title','blocks','author','date','source','url','lang','input','translation','notes',):
   raise FrozenInstanceError(f"cannot assign to field {name!r}")
  super(cls, self).__setattr__(name, value)
 return __setattr__
_9 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __delattr__(self,name):
  if type(self) is cls or name in ('title','blocks','author','date','source','url','lang','input','translation','notes',):
   raise FrozenInstanceError(f"cannot delete field {name!r}")
  super(cls, self).__delattr__(name)
 return __delattr__
_10 = __create_fn__

def __create_fn__():
 def __hash__(self):
  return hash((self.title,self.blocks,self.author,self.date,self.source,self.url,self.lang,self.input,self.translation,self.notes,))
 return __hash__
_11 = __create_fn__

def __create_fn__(_type_kind, _type_runs, _type_photo, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_photo, _return_type):
 def __init__(self,kind:_type_kind,runs:_type_runs,photo:_type_photo=_dflt_photo)->_return_type:
  __dataclass_builtins_object__.__setattr__(self,'kind',kind)
  __dataclass_builtins_object__.__setattr__(self,'runs',runs)
  __dataclass_builtins_object__.__setattr__(self,'photo',photo)
 return __init__
_12 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(kind={self.kind!r}, runs={self.runs!r}, photo={self.photo!r})"
 return __repr__
_13 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.kind,self.runs,self.photo,)==(other.kind,other.runs,other.photo,)
  return NotImplemented
 return __eq__
_14 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __setattr__(self,name,value):
  if type(self) is cls or name in ('kind','runs','photo',):
   raise FrozenInstanceError(f"cannot assign to field {name!r}")
  super(cls, self).__setattr__(name, value)
 return __setattr__
_15 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __delattr__(self,name):
  if type(self) is cls or name in ('kind','runs','photo',):
   raise FrozenInstanceError(f"cannot delete field {name!r}")
  super(cls, self).__delattr__(name)
 return __delattr__
_16 = __create_fn__

def __create_fn__():
 def __hash__(self):
  return hash((self.kind,self.runs,self.photo,))
 return __hash__
_17 = __create_fn__

def __create_fn__(_type_text, _type_bold, _type_italic, _type_href, _type_note, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_bold, _dflt_italic, _dflt_href, _dflt_note, _return_type):
 def __init__(self,text:_type_text,bold:_type_bold=_dflt_bold,italic:_type_italic=_dflt_italic,href:_type_href=_dflt_href,note:_type_note=_dflt_note)->_return_type:
  __dataclass_builtins_object__.__setattr__(self,'text',text)
  __dataclass_builtins_object__.__setattr__(self,'bold',bold)
  __dataclass_builtins_object__.__setattr__(self,'italic',italic)
  __dataclass_builtins_object__.__setattr__(self,'href',href)
  __dataclass_builtins_object__.__setattr__(self,'note',note)
 return __init__
_18 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(text={self.text!r}, bold={self.bold!r}, italic={self.italic!r}, href={self.href!r}, note={self.note!r})"
 return __repr__
_19 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.text,self.bold,self.italic,self.href,self.note,)==(other.text,other.bold,other.italic,other.href,other.note,)
  return NotImplemented
 return __eq__
_20 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __setattr__(self,name,value):
  if type(self) is cls or name in ('text','bold','italic','href','note',):
   raise FrozenInstanceError(f"cannot assign to field {name!r}")
  super(cls, self).__setattr__(name, value)
 return __setattr__
_21 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __delattr__(self,name):
  if type(self) is cls or name in ('text','bold','italic','href','note',):
   raise FrozenInstanceError(f"cannot delete field {name!r}")
  super(cls, self).__delattr__(name)
 return __delattr__
_22 = __create_fn__

def __create_fn__():
 def __hash__(self):
  return hash((self.text,self.bold,self.italic,self.href,self.note,))
 return __hash__
_23 = __create_fn__

def __create_fn__(_type_path, _type_format, _type_encoding, _type_repairs, _type_date_from, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_path, _dflt_format, _dflt_encoding, _dflt_repairs, _dflt_date_from, _return_type):
 def __init__(self,path:_type_path=_dflt_path,format:_type_format=_dflt_format,encoding:_type_encoding=_dflt_encoding,repairs:_type_repairs=_dflt_repairs,date_from:_type_date_from=_dflt_date_from)->_return_type:
  __dataclass_builtins_object__.__setattr__(self,'path',path)
  __dataclass_builtins_object__.__setattr__(self,'format',format)
  __dataclass_builtins_object__.__setattr__(self,'encoding',encoding)
  __dataclass_builtins_object__.__setattr__(self,'repairs',repairs)
  __dataclass_builtins_object__.__setattr__(self,'date_from',date_from)
 return __init__
_24 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(path={self.path!r}, format={self.format!r}, encoding={self.encoding!r}, repairs={self.repairs!r}, date_from={self.date_from!r})"
 return __repr__
_25 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.path,self.format,self.encoding,self.repairs,self.date_from,)==(other.path,other.format,other.encoding,other.repairs,other.date_from,)
  return NotImplemented
 return __eq__
_26 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __setattr__(self,name,value):
  if type(self) is cls or name in ('path','format','encoding','repairs','date_from',):
   raise FrozenInstanceError(f"cannot assign to field {name!r}")
  super(cls, self).__setattr__(name, value)
 return __setattr__
_27 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __delattr__(self,name):
  if type(self) is cls or name in ('path','format','encoding','repairs','date_from',):
   raise FrozenInstanceError(f"cannot delete field {name!r}")
  super(cls, self).__delattr__(name)
 return __delattr__
_28 = __create_fn__

def __create_fn__():
 def __hash__(self):
  return hash((self.path,self.format,self.encoding,self.repairs,self.date_from,))
 return __hash__
_29 = __create_fn__

def __create_fn__(_type_encoding, _type_errors, _type_title, _type_author, _type_date, _type_source, _type_url, _type_tone_style, _type_formats, _type_paper, _type_font, _type_template, _type_images, _type_image_dpi, _type_date_format, _type_links, _type_translate, _type_source_lang, _type_target_lang, _type_provider, _type_provider_url, _type_api_key, _type_provider_region, _type_layout, _type_flags, _type_glossary, _type_english, _type_names, _type_cache_dir, _type_use_cache, _type_timeout, _type_allow_private_hosts, _type_jobs, _type_translations_file, _type_model, _type_prompt, _type_max_chars, _type_rps, _type_strict, _type_since, _type_limit, _type_match, MISSING, _HAS_DEFAULT_FACTORY, __dataclass_builtins_object__, _dflt_encoding, _dflt_errors, _dflt_title, _dflt_author, _dflt_date, _dflt_source, _dflt_url, _dflt_tone_style, _dflt_formats, _dflt_paper, _dflt_font, _dflt_template, _dflt_images, _dflt_image_dpi, _dflt_date_format, _dflt_links, _dflt_translate, _dflt_source_lang, _dflt_target_lang, _dflt_provider, _dflt_provider_url, _dflt_api_key, _dflt_provider_region, _dflt_layout, _dflt_flags, _dflt_glossary, _dflt_english, _dflt_names, _dflt_cache_dir, _dflt_use_cache, _dflt_timeout, _dflt_allow_private_hosts, _dflt_jobs, _dflt_translations_file, _dflt_model, _dflt_prompt, _dflt_max_chars, _dflt_rps, _dflt_strict, _dflt_since, _dflt_limit, _dflt_match, _return_type):
 def __init__(self,encoding:_type_encoding=_dflt_encoding,errors:_type_errors=_dflt_errors,title:_type_title=_dflt_title,author:_type_author=_dflt_author,date:_type_date=_dflt_date,source:_type_source=_dflt_source,url:_type_url=_dflt_url,tone_style:_type_tone_style=_dflt_tone_style,formats:_type_formats=_dflt_formats,paper:_type_paper=_dflt_paper,font:_type_font=_dflt_font,template:_type_template=_dflt_template,images:_type_images=_dflt_images,image_dpi:_type_image_dpi=_dflt_image_dpi,date_format:_type_date_format=_dflt_date_format,links:_type_links=_dflt_links,translate:_type_translate=_dflt_translate,source_lang:_type_source_lang=_dflt_source_lang,target_lang:_type_target_lang=_dflt_target_lang,provider:_type_provider=_dflt_provider,provider_url:_type_provider_url=_dflt_provider_url,api_key:_type_api_key=_dflt_api_key,provider_region:_type_provider_region=_dflt_provider_region,layout:_type_layout=_dflt_layout,flags:_type_flags=_dflt_flags,glossary:_type_glossary=_dflt_glossary,english:_type_english=_dflt_english,names:_type_names=_dflt_names,cache_dir:_type_cache_dir=_dflt_cache_dir,use_cache:_type_use_cache=_dflt_use_cache,timeout:_type_timeout=_dflt_timeout,allow_private_hosts:_type_allow_private_hosts=_dflt_allow_private_hosts,jobs:_type_jobs=_dflt_jobs,translations_file:_type_translations_file=_dflt_translations_file,model:_type_model=_dflt_model,prompt:_type_prompt=_dflt_prompt,max_chars:_type_max_chars=_dflt_max_chars,rps:_type_rps=_dflt_rps,strict:_type_strict=_dflt_strict,since:_type_since=_dflt_since,limit:_type_limit=_dflt_limit,match:_type_match=_dflt_match)->_return_type:
  __dataclass_builtins_object__.__setattr__(self,'encoding',encoding)
  __dataclass_builtins_object__.__setattr__(self,'errors',errors)
  __dataclass_builtins_object__.__setattr__(self,'title',title)
  __dataclass_builtins_object__.__setattr__(self,'author',author)
  __dataclass_builtins_object__.__setattr__(self,'date',date)
  __dataclass_builtins_object__.__setattr__(self,'source',source)
  __dataclass_builtins_object__.__setattr__(self,'url',url)
  __dataclass_builtins_object__.__setattr__(self,'tone_style',tone_style)
  __dataclass_builtins_object__.__setattr__(self,'formats',formats)
  __dataclass_builtins_object__.__setattr__(self,'paper',paper)
  __dataclass_builtins_object__.__setattr__(self,'font',font)
  __dataclass_builtins_object__.__setattr__(self,'template',template)
  __dataclass_builtins_object__.__setattr__(self,'images',images)
  __dataclass_builtins_object__.__setattr__(self,'image_dpi',image_dpi)
  __dataclass_builtins_object__.__setattr__(self,'date_format',date_format)
  __dataclass_builtins_object__.__setattr__(self,'links',links)
  __dataclass_builtins_object__.__setattr__(self,'translate',translate)
  __dataclass_builtins_object__.__setattr__(self,'source_lang',source_lang)
  __dataclass_builtins_object__.__setattr__(self,'target_lang',target_lang)
  __dataclass_builtins_object__.__setattr__(self,'provider',provider)
  __dataclass_builtins_object__.__setattr__(self,'provider_url',provider_url)
  __dataclass_builtins_object__.__setattr__(self,'api_key',api_key)
  __dataclass_builtins_object__.__setattr__(self,'provider_region',provider_region)
  __dataclass_builtins_object__.__setattr__(self,'layout',layout)
  __dataclass_builtins_object__.__setattr__(self,'flags',flags)
  __dataclass_builtins_object__.__setattr__(self,'glossary',glossary)
  __dataclass_builtins_object__.__setattr__(self,'english',english)
  __dataclass_builtins_object__.__setattr__(self,'names',names)
  __dataclass_builtins_object__.__setattr__(self,'cache_dir',cache_dir)
  __dataclass_builtins_object__.__setattr__(self,'use_cache',use_cache)
  __dataclass_builtins_object__.__setattr__(self,'timeout',timeout)
  __dataclass_builtins_object__.__setattr__(self,'allow_private_hosts',allow_private_hosts)
  __dataclass_builtins_object__.__setattr__(self,'jobs',jobs)
  __dataclass_builtins_object__.__setattr__(self,'translations_file',translations_file)
  __dataclass_builtins_object__.__setattr__(self,'model',model)
  __dataclass_builtins_object__.__setattr__(self,'prompt',prompt)
  __dataclass_builtins_object__.__setattr__(self,'max_chars',max_chars)
  __dataclass_builtins_object__.__setattr__(self,'rps',rps)
  __dataclass_builtins_object__.__setattr__(self,'strict',strict)
  __dataclass_builtins_object__.__setattr__(self,'since',since)
  __dataclass_builtins_object__.__setattr__(self,'limit',limit)
  __dataclass_builtins_object__.__setattr__(self,'match',match)
  self.__post_init__()
 return __init__
_30 = __create_fn__

def __create_fn__():
 def __repr__(self):
  return self.__class__.__qualname__ + f"(encoding={self.encoding!r}, errors={self.errors!r}, title={self.title!r}, author={self.author!r}, date={self.date!r}, source={self.source!r}, url={self.url!r}, tone_style={self.tone_style!r}, formats={self.formats!r}, paper={self.paper!r}, font={self.font!r}, template={self.template!r}, images={self.images!r}, image_dpi={self.image_dpi!r}, date_format={self.date_format!r}, links={self.links!r}, translate={self.translate!r}, source_lang={self.source_lang!r}, target_lang={self.target_lang!r}, provider={self.provider!r}, provider_url={self.provider_url!r}, api_key={self.api_key!r}, provider_region={self.provider_region!r}, layout={self.layout!r}, flags={self.flags!r}, glossary={self.glossary!r}, english={self.english!r}, names={self.names!r}, cache_dir={self.cache_dir!r}, use_cache={self.use_cache!r}, timeout={self.timeout!r}, allow_private_hosts={self.allow_private_hosts!r}, jobs={self.jobs!r}, translations_file={self.translations_file!r}, model={self.model!r}, prompt={self.prompt!r}, max_chars={self.max_chars!r}, rps={self.rps!r}, strict={self.strict!r}, since={self.since!r}, limit={self.limit!r}, match={self.match!r})"
 return __repr__
_31 = __create_fn__

def __create_fn__():
 def __eq__(self,other):
  if other.__class__ is self.__class__:
   return (self.encoding,self.errors,self.title,self.author,self.date,self.source,self.url,self.tone_style,self.formats,self.paper,self.font,self.template,self.images,self.image_dpi,self.date_format,self.links,self.translate,self.source_lang,self.target_lang,self.provider,self.provider_url,self.api_key,self.provider_region,self.layout,self.flags,self.glossary,self.english,self.names,self.cache_dir,self.use_cache,self.timeout,self.allow_private_hosts,self.jobs,self.translations_file,self.model,self.prompt,self.max_chars,self.rps,self.strict,self.since,self.limit,self.match,)==(other.encoding,other.errors,other.title,other.author,other.date,other.source,other.url,other.tone_style,other.formats,other.paper,other.font,other.template,other.images,other.image_dpi,other.date_format,other.links,other.translate,other.source_lang,other.target_lang,other.provider,other.provider_url,other.api_key,other.provider_region,other.layout,other.flags,other.glossary,other.english,other.names,other.cache_dir,other.use_cache,other.timeout,other.allow_private_hosts,other.jobs,other.translations_file,other.model,other.prompt,other.max_chars,other.rps,other.strict,other.since,other.limit,other.match,)
  return NotImplemented
 return __eq__
_32 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __setattr__(self,name,value):
  if type(self) is cls or name in ('encoding','errors','title','author','date','source','url','tone_style','formats','paper','font','template','images','image_dpi','date_format','links','translate','source_lang','target_lang','provider','provider_url','api_key','provider_region','layout','flags','glossary','english','names','cache_dir','use_cache','timeout','allow_private_hosts','jobs','translations_file','model','prompt','max_chars','rps','strict','since','limit','match',):
   raise FrozenInstanceError(f"cannot assign to field {name!r}")
  super(cls, self).__setattr__(name, value)
 return __setattr__
_33 = __create_fn__

def __create_fn__(cls, FrozenInstanceError):
 def __delattr__(self,name):
  if type(self) is cls or name in ('encoding','errors','title','author','date','source','url','tone_style','formats','paper','font','template','images','image_dpi','date_format','links','translate','source_lang','target_lang','provider','provider_url','api_key','provider_region','layout','flags','glossary','english','names','cache_dir','use_cache','timeout','allow_private_hosts','jobs','translations_file','model','prompt','max_chars','rps','strict','since','limit','match',):
   raise FrozenInstanceError(f"cannot delete field {name!r}")
  super(cls, self).__delattr__(name)
 return __delattr__
_34 = __create_fn__

def __create_fn__():
 def __hash__(self):
  return hash((self.encoding,self.errors,self.title,self.author,self.date,self.source,self.url,self.tone_style,self.formats,self.paper,self.font,self.template,self.images,self.image_dpi,self.date_format,self.links,self.translate,self.source_lang,self.target_lang,self.provider,self.provider_url,self.api_key,self.provider_region,self.layout,self.flags,self.glossary,self.english,self.names,self.cache_dir,self.use_cache,self.timeout,self.allow_private_hosts,self.jobs,self.translations_file,self.model,self.prompt,self.max_chars,self.rps,self.strict,self.since,self.limit,self.match,))
 return __hash__
_35 = __create_fn__

del __create_fn__

#: Class → (its shape, __hash__ set to None, the makers of its methods).
CLASSES = {
    'exporter.batch.results.BatchResult': (
        ((), (('outcomes', 'List[Outcome]', True), ('interrupted', 'bool', False), ('signal', 'int', False)), False),
        True, (_0, _1, _2,)),
    'exporter.batch.results.Outcome': (
        ((), (('source', 'str', True), ('status', 'str', True), ('outputs', 'List[str]', 'field', True, False, True, True, None, True, 'class'), ('error', 'Optional[BaseException]', False), ('exit_code', 'int', False), ('title', 'str', False), ('seconds', 'float', False), ('traceback', 'str', False), ('article', 'Optional[Article]', False), ('logs', 'List[Tuple[int, str]]', 'field', True, False, True, True, None, True, 'class'), ('pending', 'Dict[str, bytes]', 'field', True, False, True, True, None, True, 'class'), ('stem', 'str', False), ('stopped_by', 'int', False), ('checks', 'int', False), ('tokens', 'Tuple[int, int]', False)), False),
        True, (_3, _4, _5,)),
    'exporter.model.Article': (
        ((('frozen', True),), (('title', 'str', True), ('blocks', 'Tuple[Block, ...]', False), ('author', 'str', False), ('date', 'str', False), ('source', 'str', False), ('url', 'str', False), ('lang', 'str', False), ('input', 'SourceInfo', 'field', True, False, True, True, None, True, 'class'), ('translation', 'Optional[Translation]', False), ('notes', 'Tuple[str, ...]', False)), False),
        False, (_6, _7, _8, _9, _10, _11,)),
    'exporter.model.blocks.Block': (
        ((('frozen', True),), (('kind', 'str', True), ('runs', 'Tuple[Inline, ...]', True), ('photo', 'Optional[Photo]', False)), False),
        False, (_12, _13, _14, _15, _16, _17,)),
    'exporter.model.blocks.Inline': (
        ((('frozen', True),), (('text', 'str', True), ('bold', 'bool', False), ('italic', 'bool', False), ('href', 'Optional[str]', False), ('note', 'int', False)), False),
        False, (_18, _19, _20, _21, _22, _23,)),
    'exporter.model.blocks.SourceInfo': (
        ((('frozen', True),), (('path', 'str', False), ('format', 'str', False), ('encoding', 'str', False), ('repairs', 'Tuple[str, ...]', False), ('date_from', 'str', False)), False),
        False, (_24, _25, _26, _27, _28, _29,)),
    'exporter.options.Options': (
        ((('frozen', True),), (('encoding', 'Optional[str]', False), ('errors', 'str', False), ('title', 'Optional[str]', False), ('author', 'Optional[str]', False), ('date', 'Optional[str]', False), ('source', 'Optional[str]', False), ('url', 'Optional[str]', False), ('tone_style', 'str', False), ('formats', 'Tuple[str, ...]', False), ('paper', 'str', False), ('font', 'str', False), ('template', 'str', False), ('images', 'str', False), ('image_dpi', 'int', False), ('date_format', 'str', False), ('links', 'str', False), ('translate', 'bool', False), ('source_lang', 'str', False), ('target_lang', 'str', False), ('provider', 'str', False), ('provider_url', 'Optional[str]', False), ('api_key', 'Optional[str]', False), ('provider_region', 'Optional[str]', False), ('layout', 'str', False), ('flags', 'str', False), ('glossary', 'Optional[str]', False), ('english', 'str', False), ('names', 'str', False), ('cache_dir', 'Optional[str]', False), ('use_cache', 'bool', False), ('timeout', 'float', False), ('allow_private_hosts', 'Tuple[str, ...]', False), ('jobs', 'int', False), ('translations_file', 'Optional[str]', False), ('model', 'Optional[str]', False), ('prompt', 'Optional[str]', False), ('max_chars', 'Optional[int]', False), ('rps', 'Optional[float]', False), ('strict', 'bool', False), ('since', 'Optional[str]', False), ('limit', 'Optional[int]', False), ('match', 'Tuple[str, ...]', False)), True),
        False, (_30, _31, _32, _33, _34, _35,)),
}
